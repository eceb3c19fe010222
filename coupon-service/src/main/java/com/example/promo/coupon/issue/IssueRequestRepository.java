package com.example.promo.coupon.issue;

import org.springframework.data.jpa.repository.JpaRepository;

/** Outcomes of queued (v3) issue requests, by request id. */
public interface IssueRequestRepository extends JpaRepository<IssueRequest, String> {

}
