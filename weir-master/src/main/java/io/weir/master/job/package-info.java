/** Job clusters, jobs and workers: their lifecycle, supervision and recovery, all on the control loop. */
package io.weir.master.job;
