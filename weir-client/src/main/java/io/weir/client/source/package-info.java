/** Sources of Weir jobs that read other jobs' output: {@link io.weir.client.source.Sources#job}. */
package io.weir.client.source;
