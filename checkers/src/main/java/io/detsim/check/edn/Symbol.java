package io.detsim.check.edn;

/** An EDN symbol. Read as data only: nothing is ever resolved or evaluated. */
public record Symbol(String name) {
    @Override
    public String toString() {
        return name;
    }
}
