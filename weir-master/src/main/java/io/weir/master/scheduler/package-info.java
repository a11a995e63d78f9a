/** The boundary between jobs and placement: reservations go out, placements come back. */
package io.weir.master.scheduler;
