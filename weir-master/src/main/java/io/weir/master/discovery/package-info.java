/** Discovery as push streams: per-job scheduling info and per-cluster newest job, as Server-Sent Events. */
package io.weir.master.discovery;
