package com.example.promo.common.web;

import java.util.List;
import java.util.function.Function;

import org.springframework.data.domain.Page;

/**
 * A stable JSON page: {@code {content, page, size, totalElements, totalPages}}.
 *
 * @param <T> the element type
 * @param content the elements of this page
 * @param page zero-based page number
 * @param size requested page size
 * @param totalElements elements on all pages
 * @param totalPages number of pages
 */
public record PageResponse<T>(List<T> content, int page, int size, long totalElements, int totalPages) {

	/** The largest page size a list accepts. */
	public static final int MAX_SIZE = 100;

	/**
	 * The largest page number a list accepts: at most a million rows deep
	 * ({@value #MAX_PAGE} × {@value #MAX_SIZE}), so page × size always fits the database
	 * offset; deeper than that, offset paging reads more than it shows.
	 */
	public static final int MAX_PAGE = 10_000;

	/**
	 * Maps a Spring Data page.
	 * @param <E> the source element type
	 * @param <T> the response element type
	 * @param page the page
	 * @param mapper element mapper
	 * @return the response page
	 */
	public static <E, T> PageResponse<T> of(Page<E> page, Function<E, T> mapper) {
		return new PageResponse<>(page.getContent().stream().map(mapper).toList(), page.getNumber(), page.getSize(),
				page.getTotalElements(), page.getTotalPages());
	}

}
