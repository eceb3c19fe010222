package com.example.promo.coupon.wallet;

import com.example.promo.common.error.DomainException;
import com.example.promo.coupon.CouponErrorCode;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The user's coupons: what issuing puts in and redemption takes out. Reads are the
 * owner's only; another user's coupon is not found.
 */
@Service
public class Wallet {

	private final IssuedCouponRepository issuedCoupons;

	Wallet(IssuedCouponRepository issuedCoupons) {
		this.issuedCoupons = issuedCoupons;
	}

	/**
	 * @param userId the owner
	 * @param pageable page, size and order
	 * @return the owner's coupons
	 */
	@Transactional(readOnly = true)
	public Page<IssuedCoupon> coupons(String userId, Pageable pageable) {
		return this.issuedCoupons.findByUserId(userId, pageable);
	}

	/**
	 * @param issuedCouponId the issued coupon
	 * @param userId the owner
	 * @return the coupon
	 * @throws DomainException ISSUED_COUPON_NOT_FOUND if absent or someone else's
	 */
	@Transactional(readOnly = true)
	public IssuedCoupon coupon(long issuedCouponId, String userId) {
		return this.issuedCoupons.findByIdAndUserId(issuedCouponId, userId)
			.orElseThrow(() -> new DomainException(CouponErrorCode.ISSUED_COUPON_NOT_FOUND,
					"No issued coupon " + issuedCouponId + " of yours."));
	}

}
