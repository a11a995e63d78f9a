/**
 * Who may call the master: bearer tokens with roles for people and tools, the cluster secret and per-registration
 * session credentials for agents, per-job tokens for workers following discovery. One filter in front of the routes.
 */
package io.weir.master.security;
