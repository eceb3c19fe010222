package com.example.promo.coupon.wallet;

/**
 * How many units of one policy a user holds.
 *
 * @param userId the user
 * @param count units held
 */
public record UserCount(String userId, long count) {
}
