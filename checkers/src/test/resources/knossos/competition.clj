(ns knossos.competition
  "Test-only stand-in for Knossos's competition namespace. It proves that ClojureChecker finds
  Knossos on the classpath and calls (analysis model history) with Knossos's models; the
  checking itself is delegated to detsim's compat checker."
  (:require [detsim.knossos-compat :as compat]
            [knossos.model]))

(def calls (atom 0))

(defn analysis [model history]
  (swap! calls inc)
  (assoc (compat/analysis model history) :analyzer :test-stand-in))
