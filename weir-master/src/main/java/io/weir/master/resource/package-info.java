/** Resource clusters: task executors (agents), their capacity and liveness, and the placement of workers on them. */
package io.weir.master.resource;
