package com.example.promo.common.issuing;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.promo.common.error.InvalidFieldException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET <promo.issuing.admin-path>/gates/{resourceId}} (e.g.
 * {@code /api/coupons/admin/gates/42}): a resource's gate against its database — stock in
 * the gate and left in the database, admissions in flight and stale, the last
 * reconciliation (DESIGN.md §3). With several resource kinds in one service,
 * {@code ?resource=} names the kind. The service declares the path admin-only.
 */
@RestController
@RequestMapping("${promo.issuing.admin-path}/gates")
@Tag(name = "Gates (admin)")
class GateAdminController {

	private final List<Issuing<?, ?>> kinds;

	GateAdminController(List<Issuing<?, ?>> kinds) {
		this.kinds = kinds;
	}

	@GetMapping("/{resourceId}")
	@Operation(summary = "A resource's admission gate against its database, and the last reconciliation (admin)")
	Issuing.GateReport gate(@PathVariable String resourceId, @RequestParam(required = false) String resource) {
		Issuing<?, ?> kind = this.kinds.stream()
			.filter((candidate) -> resource == null || candidate.name().equals(resource))
			.findFirst()
			.orElseThrow(() -> new InvalidFieldException("resource",
					"must be one of " + this.kinds.stream().map(Issuing::name).toList()));
		return kind.report(resourceId);
	}

}
