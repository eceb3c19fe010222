package com.example.promo.coupon.redeem;

import java.time.Clock;
import java.time.Instant;

import com.example.promo.common.error.DomainException;
import com.example.promo.coupon.CouponErrorCode;
import com.example.promo.coupon.policy.CouponPolicyService;
import com.example.promo.coupon.policy.DiscountTerms;
import com.example.promo.coupon.wallet.IssuedCoupon;
import com.example.promo.coupon.wallet.IssuedCouponRepository;
import com.example.promo.coupon.wallet.IssuedCouponStatus;
import com.example.promo.coupon.wallet.Wallet;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Redeeming an issued coupon against an order, idempotently per order (the owner only;
 * another user's coupon is not found), and undoing the redemption of a cancelled order (a
 * service or an admin, for that order only).
 */
@Service
public class RedemptionService {

	private final Wallet wallet;

	private final IssuedCouponRepository issuedCoupons;

	private final CouponPolicyService policies;

	private final Clock clock;

	RedemptionService(Wallet wallet, IssuedCouponRepository issuedCoupons, CouponPolicyService policies, Clock clock) {
		this.wallet = wallet;
		this.issuedCoupons = issuedCoupons;
		this.policies = policies;
		this.clock = clock;
	}

	/**
	 * Redeems the coupon for the order. Repeating it for the same order and amount
	 * returns the first redemption.
	 * @param issuedCouponId the issued coupon
	 * @param userId the owner
	 * @param request order id and amount (KRW)
	 * @return the redemption
	 * @throws DomainException ISSUED_COUPON_NOT_FOUND, COUPON_ALREADY_USED (for another
	 * order, or the same order with another amount), COUPON_EXPIRED,
	 * MIN_ORDER_AMOUNT_NOT_MET
	 */
	@Transactional
	public Redemption redeem(long issuedCouponId, String userId, RedeemRequest request) {
		IssuedCoupon coupon = this.wallet.coupon(issuedCouponId, userId);
		Instant now = this.clock.instant();
		if (coupon.getStatus() == IssuedCouponStatus.USED) {
			return replay(coupon, request);
		}
		if (coupon.statusAt(now) == IssuedCouponStatus.EXPIRED) {
			throw new DomainException(CouponErrorCode.COUPON_EXPIRED,
					"Coupon " + issuedCouponId + " expired at " + coupon.getExpiresAt() + ".");
		}
		DiscountTerms terms = this.policies.get(coupon.getCouponId()).getDiscount();
		if (!terms.appliesTo(request.orderAmount())) {
			throw new DomainException(CouponErrorCode.MIN_ORDER_AMOUNT_NOT_MET,
					"This coupon needs an order of at least " + terms.minOrderAmount() + " KRW; the order is "
							+ request.orderAmount() + " KRW.");
		}
		long discount = terms.discountFor(request.orderAmount());
		if (this.issuedCoupons.markUsed(issuedCouponId, request.orderId(), request.orderAmount(), discount, now) == 0) {
			return replay(this.wallet.coupon(issuedCouponId, userId), request);
		}
		return redemptionOf(this.wallet.coupon(issuedCouponId, userId));
	}

	/**
	 * Undoes the redemption of a cancelled order (a service or an admin asks; the coupon
	 * is found by id alone). The decision is the conditional update; the read after it
	 * only tells the answer. Idempotent: a coupon already back to ISSUED is returned as
	 * it is.
	 * @param issuedCouponId the issued coupon
	 * @param orderId the cancelled order
	 * @return the coupon after the change
	 * @throws DomainException ISSUED_COUPON_NOT_FOUND, ORDER_MISMATCH (redeemed for
	 * another order)
	 */
	@Transactional
	public IssuedCoupon cancel(long issuedCouponId, String orderId) {
		boolean restored = this.issuedCoupons.markUnused(issuedCouponId, orderId) == 1;
		IssuedCoupon coupon = byId(issuedCouponId);
		if (!restored && coupon.getStatus() == IssuedCouponStatus.USED && orderId.equals(coupon.getOrderId())) {
			// A late redemption of this very order landed between the update and the
			// read.
			restored = this.issuedCoupons.markUnused(issuedCouponId, orderId) == 1;
			coupon = byId(issuedCouponId);
		}
		if (!restored && coupon.getStatus() == IssuedCouponStatus.USED) {
			throw new DomainException(CouponErrorCode.ORDER_MISMATCH, "Coupon " + issuedCouponId
					+ " is redeemed for another order than " + orderId + "; nothing was changed.");
		}
		return coupon;
	}

	private IssuedCoupon byId(long issuedCouponId) {
		return this.issuedCoupons.findById(issuedCouponId)
			.orElseThrow(() -> new DomainException(CouponErrorCode.ISSUED_COUPON_NOT_FOUND,
					"No issued coupon " + issuedCouponId + "."));
	}

	private static Redemption replay(IssuedCoupon coupon, RedeemRequest request) {
		if (coupon.getStatus() == IssuedCouponStatus.USED && request.orderId().equals(coupon.getOrderId())
				&& request.orderAmount().equals(coupon.getOrderAmount())) {
			return redemptionOf(coupon);
		}
		if (coupon.getStatus() == IssuedCouponStatus.USED) {
			throw new DomainException(CouponErrorCode.COUPON_ALREADY_USED,
					"Coupon " + coupon.getId() + " was already redeemed for another order.");
		}
		throw new DomainException(CouponErrorCode.COUPON_EXPIRED,
				"Coupon " + coupon.getId() + " expired at " + coupon.getExpiresAt() + ".");
	}

	private static Redemption redemptionOf(IssuedCoupon coupon) {
		return new Redemption(coupon.getId(), coupon.getCouponId(), coupon.getOrderId(), coupon.getOrderAmount(),
				coupon.getDiscountAmount(), coupon.getOrderAmount() - coupon.getDiscountAmount(),
				coupon.getRedeemedAt());
	}

}
