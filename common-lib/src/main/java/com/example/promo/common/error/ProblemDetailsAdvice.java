package com.example.promo.common.error;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place that turns exceptions into RFC 9457 {@link ProblemDetail} responses, each
 * with a stable {@code code} property:
 * <ul>
 * <li>{@link DomainException}: its {@link ErrorCode}'s status and code;</li>
 * <li>bad input (Bean Validation, a cross-field rule, an unreadable body, a wrongly typed
 * parameter): {@code 400 VALIDATION_FAILED} with {@code errors: [{field, message}]};</li>
 * <li>Spring MVC's own errors (404, 405, 415, …): their status, code = status name;</li>
 * <li>no database connection or transaction could be had: {@code 503
 * SERVICE_UNAVAILABLE}, nothing was done;</li>
 * <li>anything else: {@code 500 INTERNAL_ERROR}, logged, with no internals in the
 * body.</li>
 * </ul>
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	/** The {@code code} of every bad-input problem. */
	public static final String VALIDATION_FAILED = "VALIDATION_FAILED";

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(DomainException.class)
	ProblemDetail handleDomain(DomainException ex) {
		ErrorCode code = ex.errorCode();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), ex.getMessage());
		problem.setTitle(code.title());
		problem.setProperty("code", code.name());
		return problem;
	}

	@ExceptionHandler(InvalidFieldException.class)
	ProblemDetail handleInvalidField(InvalidFieldException ex) {
		return invalid(List.of(new FieldError(ex.field(), ex.getMessage())));
	}

	/**
	 * No database connection within the pool's timeout, or no transaction could begin:
	 * nothing was done, so the caller may simply retry.
	 */
	@ExceptionHandler({ CannotCreateTransactionException.class, CannotGetJdbcConnectionException.class })
	ProblemDetail handleDatabaseUnavailable(RuntimeException ex) {
		log.warn("Database unavailable: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The database could not take the request now; nothing was done. Retry shortly.");
		problem.setTitle("Service unavailable");
		problem.setProperty("code", "SERVICE_UNAVAILABLE");
		return problem;
	}

	@ExceptionHandler(Exception.class)
	ProblemDetail handleUnexpected(Exception ex) {
		log.error("Unhandled exception", ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The request could not be completed; it is safe to retry.");
		problem.setProperty("code", "INTERNAL_ERROR");
		return problem;
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldError(error.getField(), error.getDefaultMessage()))
			.toList();
		return ResponseEntity.badRequest().body(invalid(errors));
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new FieldError(parameterName(result), messageOf(error))))
			.toList();
		return ResponseEntity.badRequest().body(invalid(errors));
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String field = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(field, mustBe(ex.getRequiredType())))));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		FieldError error = new FieldError("body", "is missing or not valid JSON");
		if (ex.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
			Class<?> target = (jackson instanceof MismatchedInputException mismatch) ? mismatch.getTargetType() : null;
			error = new FieldError(path(jackson.getPath()), mustBe(target));
		}
		return ResponseEntity.badRequest().body(invalid(List.of(error)));
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body == null && ex instanceof ErrorResponse errorResponse) {
			// Most of Spring MVC's own errors (404, 405, …) come without a body: take
			// theirs now
			// (as the superclass would) so that it gets a code too.
			body = errorResponse.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
		}
		if (body instanceof ProblemDetail problem
				&& (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
			HttpStatus status = HttpStatus.resolve(statusCode.value());
			problem.setProperty("code", (status != null) ? status.name() : "HTTP_" + statusCode.value());
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

	private static ProblemDetail invalid(List<FieldError> unsorted) {
		List<FieldError> errors = unsorted.stream().sorted(Comparator.comparing(FieldError::field)).toList();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"Invalid request: " + String.join(", ", errors.stream().map(FieldError::field).distinct().toList())
						+ ". Nothing was changed.");
		problem.setTitle("Invalid request");
		problem.setProperty("code", VALIDATION_FAILED);
		problem.setProperty("errors", errors);
		return problem;
	}

	private static String parameterName(ParameterValidationResult result) {
		String name = result.getMethodParameter().getParameterName();
		return (name != null) ? name : "parameter" + result.getMethodParameter().getParameterIndex();
	}

	private static String messageOf(MessageSourceResolvable error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	private static String mustBe(Class<?> type) {
		if (type == null) {
			return "has an invalid value";
		}
		if (type.isEnum()) {
			return "must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
		}
		return "must be a valid " + type.getSimpleName();
	}

	private static String path(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				path.append((path.isEmpty()) ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

}
