package com.example.promo.common.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import com.example.promo.common.error.InvalidFieldException;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Caps request bodies at {@code promo.web.max-body-bytes}: a {@code Content-Length} above
 * the cap is refused without reading the body, and a body of unknown length (chunked) is
 * read up to one byte past the cap and refused when it gets there. Either way the answer
 * is {@code 400 VALIDATION_FAILED} naming {@code body}, and no controller runs. A body
 * within the cap is handed on from memory. (The services take JSON bodies only; a form
 * body read here would no longer reach {@code getParameter}.)
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final int maxBytes;

	private final HandlerExceptionResolver exceptionResolver;

	RequestBodyLimitFilter(int maxBytes, HandlerExceptionResolver exceptionResolver) {
		this.maxBytes = maxBytes;
		this.exceptionResolver = exceptionResolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared == 0 || (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = (declared <= this.maxBytes) ? request.getInputStream().readNBytes(this.maxBytes + 1) : null;
		if (body == null || body.length > this.maxBytes) {
			this.exceptionResolver.resolveException(request, response, null,
					new InvalidFieldException("body", "must be at most " + this.maxBytes + " bytes"));
			return;
		}
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}

	/** The request with its body already read into memory. */
	private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body is already in memory");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
