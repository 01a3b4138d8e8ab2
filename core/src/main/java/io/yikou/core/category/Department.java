package io.yikou.core.category;

/**
 * A department that handles cases, such as 区城市管理委员会.
 *
 * @param code stable id used in configuration and case payloads
 * @param name Chinese name
 */
public record Department(String code, String name) {
}
