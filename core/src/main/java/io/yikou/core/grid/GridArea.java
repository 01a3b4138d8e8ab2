package io.yikou.core.grid;

/**
 * One polygon of the grid.
 *
 * @param level      street, community or unit grid
 * @param code       its code; communities without an official code use their name
 * @param name       Chinese name
 * @param parentCode code of the enclosing area one level up, or {@code null} when the data has none
 */
public record GridArea(GridLevel level, String code, String name, String parentCode) {
}
