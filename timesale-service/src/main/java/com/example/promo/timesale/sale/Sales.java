package com.example.promo.timesale.sale;

import java.time.Clock;
import java.time.Instant;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.InvalidFieldException;
import com.example.promo.timesale.TimesaleErrorCode;
import com.example.promo.timesale.TimesaleProperties;
import com.example.promo.timesale.product.Products;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, reading and switching time sales. A new sale's gate is prepared and a
 * switched sale's gate dropped after commit ({@link SaleGateSync}).
 */
@Service
public class Sales {

	private final SaleRepository sales;

	private final Products products;

	private final ApplicationEventPublisher events;

	private final TimesaleProperties properties;

	private final Clock clock;

	Sales(SaleRepository sales, Products products, ApplicationEventPublisher events, TimesaleProperties properties,
			Clock clock) {
		this.sales = sales;
		this.products = products;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Creates an ACTIVE sale with nothing held or sold.
	 * @param request a request that passed Bean Validation
	 * @return the saved sale
	 * @throws InvalidFieldException {@code endsAt} not after {@code startsAt} (nothing is
	 * written)
	 * @throws DomainException {@code 404 PRODUCT_NOT_FOUND}
	 */
	@Transactional
	public Sale create(CreateSaleRequest request) {
		if (!request.endsAt().isAfter(request.startsAt())) {
			throw new InvalidFieldException("endsAt", "must be after startsAt");
		}
		this.products.get(request.productId());
		int holdSeconds = (request.holdSeconds() != null) ? request.holdSeconds()
				: this.properties.defaultHoldSeconds();
		long id = this.sales.insert(request, holdSeconds, this.clock.instant());
		this.events.publishEvent(new SaleEvents.Created(id));
		return this.sales.find(id).orElseThrow();
	}

	/**
	 * @param saleId a sale id
	 * @return the sale as committed now
	 * @throws DomainException {@code 404 SALE_NOT_FOUND}
	 */
	@Transactional(readOnly = true)
	public Sale get(long saleId) {
		return this.sales.find(saleId).orElseThrow(() -> notFound(saleId));
	}

	/**
	 * @param phase only sales showing this status now, or {@code null} for all
	 * @param pageable page and size; newest first
	 * @return a page of sales
	 */
	@Transactional(readOnly = true)
	public Page<Sale> list(SalePhase phase, Pageable pageable) {
		return this.sales.list(phase, this.clock.instant(), pageable);
	}

	/**
	 * The admin kill switch: a PAUSED or ENDED sale holds no more units, whatever the
	 * strategy ({@link SaleStock#hold} refuses it); orders already held stay held until
	 * paid, cancelled or expired.
	 * @param saleId a sale id
	 * @param status the new status
	 * @return the sale after the change
	 * @throws DomainException {@code 404 SALE_NOT_FOUND}
	 */
	@Transactional
	public Sale changeStatus(long saleId, SaleStatus status) {
		this.sales.changeStatus(saleId, status);
		// Found rows or changed rows, depending on the driver: the read says whether it
		// exists.
		Sale sale = this.sales.find(saleId).orElseThrow(() -> notFound(saleId));
		this.events.publishEvent(new SaleEvents.StatusChanged(saleId, status));
		return sale;
	}

	/**
	 * @return the current time, as every status of this service is derived at
	 */
	public Instant now() {
		return this.clock.instant();
	}

	/**
	 * @param saleId the unknown id
	 * @return the refusal, {@code 404 SALE_NOT_FOUND}
	 */
	public static DomainException notFound(long saleId) {
		return new DomainException(TimesaleErrorCode.SALE_NOT_FOUND, "No sale " + saleId + ".");
	}

}
