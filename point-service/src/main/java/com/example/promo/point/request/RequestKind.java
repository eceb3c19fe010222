package com.example.promo.point.request;

/** The two batched (v2, v3) request kinds of point-service, one outcome table. */
public enum RequestKind {

	/** A use of points ({@code point.use.requested}). */
	USE,

	/** A promotion join ({@code point.join.requested}). */
	JOIN

}
