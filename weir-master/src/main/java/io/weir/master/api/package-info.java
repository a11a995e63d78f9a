/** The master's HTTP surface: REST routes, discovery streams, JSON errors, metrics and health. */
package io.weir.master.api;
