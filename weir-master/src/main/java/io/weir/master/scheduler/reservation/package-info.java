/**
 * The reservation registry: pending requests for task executors, grouped by canonical constraint key, ordered by
 * priority (REPLACE, SCALE, NEW_JOB, then tier, then time) and handed to placement one batch per group at a time.
 * Everything here is owned by one thread, the resource cluster's loop.
 */
package io.weir.master.scheduler.reservation;
