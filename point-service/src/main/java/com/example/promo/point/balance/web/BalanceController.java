package com.example.promo.point.balance.web;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.promo.common.security.CurrentUserId;
import com.example.promo.common.web.PageResponse;
import com.example.promo.point.balance.Balances;
import com.example.promo.point.balance.LedgerHistory;
import com.example.promo.point.balance.PointBalance;
import com.example.promo.point.ledger.EntryType;
import com.example.promo.point.ledger.Ledger;
import com.example.promo.point.ledger.Lot;

import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own points: balance, ledger history and spendable lots. */
@RestController
@RequestMapping("/api/points/me")
@Tag(name = "My points")
class BalanceController {

	private final Balances balances;

	private final LedgerHistory history;

	private final Ledger ledger;

	BalanceController(Balances balances, LedgerHistory history, Ledger ledger) {
		this.balances = balances;
		this.history = history;
		this.ledger = ledger;
	}

	@GetMapping
	@Operation(summary = "The caller's spendable balance, what of it expires within 30 days, and the next expiry")
	PointBalance balance(@CurrentUserId String userId) {
		return this.balances.of(userId);
	}

	@GetMapping("/history")
	@Operation(summary = "The caller's ledger entries, newest first, optionally of one type")
	PageResponse<LedgerHistory.Entry> history(@RequestParam(required = false) EntryType type,
			@RequestParam(defaultValue = "0") @Min(0) @Max(PageResponse.MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(PageResponse.MAX_SIZE) int size,
			@CurrentUserId String userId) {
		return PageResponse.of(this.history.entries(userId, type, PageRequest.of(page, size)), (entry) -> entry);
	}

	@GetMapping("/lots")
	@Operation(summary = "The caller's unexpired lots with points left, earliest expiry first")
	PageResponse<LotResponse> lots(@RequestParam(defaultValue = "0") @Min(0) @Max(PageResponse.MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(PageResponse.MAX_SIZE) int size,
			@CurrentUserId String userId) {
		List<Lot> lots = this.ledger.spendableLots(userId);
		PageRequest pageable = PageRequest.of(page, size);
		int from = (int) Math.min(pageable.getOffset(), lots.size());
		int to = Math.min(from + size, lots.size());
		return PageResponse.of(new PageImpl<>(lots.subList(from, to), pageable, lots.size()), LotResponse::of);
	}

}
