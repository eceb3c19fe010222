package com.example.promo.common.kafka;

import java.util.function.Function;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.promo.common.web.PageResponse;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API of a service's dead letters (DESIGN.md §3), at
 * {@code promo.kafka.dead-letters.path} (e.g. {@code /api/coupons/admin/dead-letters});
 * the service declares that path admin-only. {@code GET} lists them newest first
 * ({@code status=NEW|REPLAYED}, paged); {@code POST /{id}/replay} publishes one back to
 * its topic, once (a repeat answers the first replay).
 */
@RestController
@RequestMapping("${promo.kafka.dead-letters.path}")
@Tag(name = "Dead letters (admin)")
class DeadLetterController {

	private final DeadLetterStore store;

	DeadLetterController(DeadLetterStore store) {
		this.store = store;
	}

	@GetMapping
	@Operation(summary = "Dead-lettered records of this service, newest first (admin)")
	PageResponse<DeadLetter> list(@RequestParam(required = false) DeadLetter.Status status,
			@RequestParam(defaultValue = "0") @Min(0) @Max(PageResponse.MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
		return PageResponse.of(new PageImpl<>(this.store.list(status, page, size), PageRequest.of(page, size),
				this.store.count(status)), Function.identity());
	}

	@PostMapping("/{id}/replay")
	@Operation(summary = "Publish a dead letter back to its topic, once; a repeat answers the first replay (admin)")
	DeadLetter replay(@PathVariable long id) {
		return this.store.replay(id);
	}

}
