package com.example.promo.timesale.sale.web;

import java.net.URI;
import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.promo.common.web.PageResponse;
import com.example.promo.timesale.sale.CreateSaleRequest;
import com.example.promo.timesale.hold.Holds;
import com.example.promo.timesale.sale.Sale;
import com.example.promo.timesale.sale.SalePhase;
import com.example.promo.timesale.sale.Sales;

import org.springframework.data.domain.PageRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Time sales: create and switch (admin, enforced by the application's
 * {@code AdminEndpoints}), read and list (any user).
 */
@RestController
@RequestMapping("/api/timesales")
@Tag(name = "Time sales")
class SaleController {

	private final Sales sales;

	private final Holds holds;

	SaleController(Sales sales, Holds holds) {
		this.sales = sales;
		this.holds = holds;
	}

	@PostMapping
	@Operation(summary = "Create a time sale (admin)")
	ResponseEntity<SaleResponse> create(@Valid @RequestBody CreateSaleRequest request) {
		Sale sale = this.sales.create(request);
		return ResponseEntity.created(URI.create("/api/timesales/" + sale.id()))
			.body(SaleResponse.of(sale, this.sales.now()));
	}

	@GetMapping("/{saleId}")
	@Operation(summary = "A time sale with its held, sold and remaining units and its status now")
	SaleResponse get(@PathVariable long saleId) {
		// Expiry is lazy on reads too: the held and remaining counts shown never wait for
		// the sweep.
		this.holds.expireDueOf(saleId);
		Sale sale = this.sales.get(saleId);
		return SaleResponse.of(sale, this.sales.now());
	}

	@GetMapping
	@Operation(summary = "Time sales, newest first, optionally of one status")
	PageResponse<SaleResponse> list(
			@Parameter(description = "UPCOMING, LIVE, PAUSED, SOLD_OUT or ENDED") @RequestParam(
					required = false) SalePhase status,
			@RequestParam(defaultValue = "0") @Min(0) @Max(PageResponse.MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
		Instant now = this.sales.now();
		return PageResponse.of(this.sales.list(status, PageRequest.of(page, size)),
				(sale) -> SaleResponse.of(sale, now));
	}

	@PatchMapping("/{saleId}/status")
	@Operation(summary = "Activate, pause (kill switch) or end a time sale (admin)")
	SaleResponse changeStatus(@PathVariable long saleId, @Valid @RequestBody ChangeStatusRequest request) {
		return SaleResponse.of(this.sales.changeStatus(saleId, request.status()), this.sales.now());
	}

}
