package io.detsim.check.bench;

import io.detsim.check.history.History;
import io.detsim.check.model.Model;

/** One history to time, parsed once, with the model it is checked against. */
record BenchCase(String name, History history, Model model) {}
