(ns detsim.knossos-compat
  "A Knossos-compatible linearizability checker, written for detsim.

  It offers Knossos's entry point, (analysis model history), and its result shape
  ({:valid? true|false|:unknown, :op ..., :previous-ok ..., :analyzer ...}), so that detsim's
  Java adapter calls it, or real Knossos (knossos.competition/analysis) when that is on the
  classpath, the same way. Semantics follow Knossos: :ok fills in the invocation's value, :fail
  means the operation did not happen, :info (or no completion) means it may take effect at any
  time after its invocation, or never.

  The algorithm is Lowe's just-in-time linearization (the idea behind Knossos's `linear`
  analyzer): a set of configurations {model, pending calls} advances at every completion, each
  configuration linearizing pending calls in every legal order until the completing one is in.
  It is written to be read, not to be fast; detsim's native checker is the fast one, and the two
  must agree."
  (:require [clojure.set]))

;; ---- models ----------------------------------------------------------------------------------

(defprotocol Model
  (step [model op] "The model after op, or an Inconsistent value when op cannot happen."))

(defrecord Inconsistent [msg])

(defn inconsistent [msg] (->Inconsistent msg))

(defn inconsistent? [m] (instance? Inconsistent m))

(defn- read-ok? [nil-read-unknown? held read]
  (or (and nil-read-unknown? (nil? read)) (= held read)))

(defrecord Register [value nil-read-unknown?]
  Model
  (step [r op]
    (case (:f op)
      :write (assoc r :value (:value op))
      :read (if (read-ok? nil-read-unknown? value (:value op))
              r
              (inconsistent (str "read " (pr-str (:value op)) " from a register holding "
                                 (pr-str value))))
      (inconsistent (str "a register has no " (:f op))))))

(defrecord CasRegister [value nil-read-unknown?]
  Model
  (step [r op]
    (case (:f op)
      :write (assoc r :value (:value op))
      :cas (let [[old new] (:value op)]
             (if (= old value)
               (assoc r :value new)
               (inconsistent (str "cas from " (pr-str old) " but the register holds "
                                  (pr-str value)))))
      :read (if (read-ok? nil-read-unknown? value (:value op))
              r
              (inconsistent (str "read " (pr-str (:value op)) " from a register holding "
                                 (pr-str value))))
      (inconsistent (str "a cas-register has no " (:f op))))))

(defrecord Mutex [locked?]
  Model
  (step [m op]
    (case (:f op)
      :acquire (if locked? (inconsistent "acquire of a held lock") (->Mutex true))
      :release (if locked? (->Mutex false) (inconsistent "release of a free lock"))
      (inconsistent (str "a mutex has no " (:f op))))))

(defrecord MultiRegister [registers]
  Model
  (step [m op]
    (if (not= :txn (:f op))
      (inconsistent (str "a multi-register has no " (:f op)))
      (reduce (fn [m [f k v]]
                (case f
                  :read (if (or (nil? v) (= v (get (:registers m) k)))
                          m
                          (reduced (inconsistent (str "read " (pr-str v) " from " (pr-str k)
                                                      " holding "
                                                      (pr-str (get (:registers m) k))))))
                  :write (assoc-in m [:registers k] v)))
              m
              (:value op)))))

(defrecord KvKey [value init nil-read-unknown?]
  Model
  (step [r op]
    (case (:f op)
      (:get :read) (if (read-ok? nil-read-unknown? value (:value op))
                     r
                     (inconsistent (str "get " (pr-str (:value op)) " from a key holding "
                                        (pr-str value))))
      (:put :write) (assoc r :value (:value op))
      :append (assoc r :value (str value (:value op)))
      :delete (assoc r :value init)
      :cas (let [[old new] (:value op)]
             (if (= old value)
               (assoc r :value new)
               (inconsistent (str "cas from " (pr-str old) " but the key holds " (pr-str value)))))
      (inconsistent (str "kv has no " (:f op))))))

;; A key-value store is checked one key at a time (P-compositionality).
(defrecord Kv [init nil-read-unknown?])

(defn register ([v] (register v true)) ([v nil-read-unknown?] (->Register v nil-read-unknown?)))
(defn cas-register
  ([v] (cas-register v true))
  ([v nil-read-unknown?] (->CasRegister v nil-read-unknown?)))
(defn mutex [] (->Mutex false))
(defn multi-register [registers] (->MultiRegister registers))
(defn kv ([init] (kv init true)) ([init nil-read-unknown?] (->Kv init nil-read-unknown?)))

(defn make-model
  "A model by detsim's name for it."
  [model-name init nil-read-unknown?]
  (case model-name
    "register" (register init nil-read-unknown?)
    "cas-register" (cas-register init nil-read-unknown?)
    "mutex" (mutex)
    "multi-register" (multi-register (or init {}))
    "kv" (kv init nil-read-unknown?)
    (throw (IllegalArgumentException. (str "unknown model " model-name)))))

(defn- read-only? [model op]
  (cond
    (instance? Mutex model) false
    (instance? MultiRegister model) (every? (fn [[f]] (= f :read)) (:value op))
    :else (contains? #{:read :get} (:f op))))

;; ---- history --------------------------------------------------------------------------------

(defn- client-op? [op] (integer? (:process op)))

(defn pair-history
  "Pairs invocations with completions. Returns operations in invocation order:
  {:id, :op (the invocation with the completion's value for :ok), :invoke-index,
   :complete (the completion op, or nil when crashed)}. Failed operations are left out."
  [history]
  (let [history (vec (filter client-op? history))]
    (loop [i 0, open {}, ops []]
      (if (= i (count history))
        (vec (remove :failed? ops))
        (let [op (assoc (nth history i) :index (get (nth history i) :index i))
              p (:process op)]
          (if (= :invoke (:type op))
            (recur (inc i) (assoc open p (count ops))
                   (conj ops {:op op, :invoke-index (:index op), :complete nil}))
            (let [slot (get open p)]
              (when (nil? slot)
                (throw (IllegalArgumentException.
                        (str "op " (:index op) ": process " p " completes an op it never invoked"))))
              (recur (inc i) (dissoc open p)
                     (case (:type op)
                       :ok (update ops slot
                                   (fn [o]
                                     (-> o
                                         (assoc :complete op)
                                         (assoc-in [:op :value] (:value op)))))
                       :fail (assoc-in ops [slot :failed?] true)
                       ops)))))))))

;; ---- search ---------------------------------------------------------------------------------

(defn- check-deadline [deadline]
  (when (and deadline (> (System/nanoTime) deadline))
    (throw (ex-info "time budget exhausted" {::timeout true}))))

(defn- prune-dominated
  "Drops every configuration dominated by another: same model state, same pending completed
  operations, and a strict superset of pending crashed operations. A crashed operation may stay
  pending forever, so the other configuration can do all this one can; dropping it is sound."
  [configs crashed?]
  (->> configs
       (group-by (fn [c] [(:model c) (set (remove crashed? (:pending c)))]))
       vals
       (mapcat (fn [group]
                 (if (= 1 (count group))
                   group
                   (let [crashed-of (fn [c] (set (filter crashed? (:pending c))))
                         sets (map crashed-of group)]
                     (filter (fn [c]
                               (let [mine (crashed-of c)]
                                 (not-any? (fn [other]
                                             (and (not= other mine)
                                                  (clojure.set/subset? mine other)))
                                           sets)))
                             group)))))
       set))

(defn- linearize-until
  "Every configuration reachable from config by linearizing pending operations, in any legal
  order, up to and including operation id. A crashed operation that leaves the model unchanged is
  never linearized: the configuration that keeps it pending dominates."
  [config id ops crashed? deadline]
  (if-not (contains? (:pending config) id)
    [config]
    (loop [work [config], seen #{config}, done #{}]
      (check-deadline deadline)
      (if (empty? work)
        (prune-dominated done crashed?)
        (let [c (peek work)
              work (pop work)
              nexts (for [p (:pending c)
                          :let [m (step (:model c) (:op (nth ops p)))]
                          :when (not (inconsistent? m))
                          :when (or (not (crashed? p)) (not= m (:model c)))]
                      [p {:model m, :pending (disj (:pending c) p)}])
              finished (set (for [[p c'] nexts :when (= p id)] c'))
              onward (remove seen (for [[p c'] nexts :when (not= p id)] c'))]
          (recur (into work onward) (into seen onward) (into done finished)))))))

(defn- events [ops]
  (sort-by first
           (concat (for [o ops] [(:invoke-index o) :invoke (:id o)])
                   (for [o ops :when (:complete o)] [(:index (:complete o)) :return (:id o)]))))

(defn- analysis-1
  "Checks operations (as pair-history returns them) of one independent history with one model."
  [model paired deadline]
  (let [ops (vec (remove (fn [o] (and (nil? (:complete o)) (read-only? model (:op o)))) paired))
        ops (vec (map-indexed (fn [i o] (assoc o :id i)) ops))
        crashed? (fn [id] (nil? (:complete (nth ops id))))]
    (loop [[[_ kind id] & more] (events ops)
           configs #{{:model model, :pending #{}}}
           previous-ok nil]
      (cond
        (nil? kind) {:valid? true, :configs (count configs)}
        (= kind :invoke) (recur more (set (map #(update % :pending conj id) configs)) previous-ok)
        :else (let [configs' (prune-dominated
                              (mapcat #(linearize-until % id ops crashed? deadline) configs)
                              crashed?)]
                (if (empty? configs')
                  {:valid? false
                   :op (:complete (nth ops id))
                   :previous-ok previous-ok
                   :configs (count configs)}
                  (recur more configs' (:complete (nth ops id)))))))))

(defn analysis
  "Knossos's entry point: checks history against model. Options: :time-limit-ms."
  ([model history] (analysis model history {}))
  ([model history opts]
   (let [deadline (when-let [ms (:time-limit-ms opts)] (+ (System/nanoTime) (* ms 1000000)))
         paired (pair-history history)
         result (try
                  (if (instance? Kv model)
                    (let [by-key (group-by (comp :key :op) paired)]
                      (or (first (for [[k ops] (sort-by (comp str key) by-key)
                                       :let [r (analysis-1 (->KvKey (:init model) (:init model)
                                                                    (:nil-read-unknown? model))
                                                           ops deadline)]
                                       :when (false? (:valid? r))]
                                   (assoc r :key k)))
                          {:valid? true}))
                    (analysis-1 model paired deadline))
                  (catch clojure.lang.ExceptionInfo e
                    (if (::timeout (ex-data e))
                      {:valid? :unknown, :cause (.getMessage e)}
                      (throw e))))]
     (assoc result :analyzer :detsim-knossos-compat))))
