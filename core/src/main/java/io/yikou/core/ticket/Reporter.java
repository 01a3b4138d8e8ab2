package io.yikou.core.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How to reach the citizen about a ticket. Personal data: logs show it masked, and the status
 * page for citizens never shows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reporter(String name, String phone) {
}
