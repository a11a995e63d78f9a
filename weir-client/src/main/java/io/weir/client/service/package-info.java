/**
 * Client sessions of streaming services: {@link io.weir.client.service.ServiceClient} opens
 * {@link io.weir.client.service.ServiceSession}s whose worker the master's director chooses; a session keeps one id
 * across workers, detects a lost or hung worker, and resumes after the last response it delivered.
 */
package io.weir.client.service;
