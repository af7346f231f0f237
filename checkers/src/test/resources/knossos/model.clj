(ns knossos.model
  "Test-only stand-in for Knossos's model namespace: the constructors ClojureChecker calls."
  (:require [detsim.knossos-compat :as compat]))

(defn register [v] (compat/register v))
(defn cas-register [v] (compat/cas-register v))
(defn mutex [] (compat/mutex))
(defn multi-register [registers] (compat/multi-register registers))
