package dev.onebinary.web;

import java.util.List;

/** One page of records; {@code next} is the cursor ({@code after=}) of the next page, null on the last one. */
public record RecordPage(List<RecordView> items, Long next) {}
