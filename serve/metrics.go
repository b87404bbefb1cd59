package serve

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// serveMetrics are the service's counters, written by hand in the Prometheus
// text exposition format (version 0.0.4). One mutex guards them all: a
// request takes it twice, which costs nothing next to a check.
type serveMetrics struct {
	mu       sync.Mutex
	requests map[[2]string]uint64 // {handler, code} → requests answered
	inFlight int64
	checks   map[string]uint64 // outcome (pass, fail, error) → documents checked
	findings map[string]uint64 // severity → findings not suppressed
	reloads  map[string]uint64 // result (ok, error) → rule reloads
	rules    int               // rules loaded
	loadedAt time.Time         // when the rules in use were loaded

	// Of the requests that were checked (not those refused or rejected
	// before: they say nothing of how long a check takes), by outcome:
	// the time from the request to the end of the response, and the
	// part of it spent waiting for a check slot.
	duration map[string]*histogram
	wait     map[string]*histogram
}

// The label values every series starts with, at zero, so that rates and
// alerts see them before the first event (Prometheus' advice for known
// label values).
var (
	checkOutcomes = []string{"error", "fail", "pass"}
	severities    = []string{"error", "info", "warning"}
	reloadResults = []string{"error", "ok"}
)

// histogramBounds are the buckets' upper bounds, in seconds.
var histogramBounds = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// histogram is one series of a histogram: the counts per bucket (not
// cumulative, the last one for +Inf), sum and count.
type histogram struct {
	buckets []uint64
	sum     float64
	count   uint64
}

func (h *histogram) observe(d time.Duration) {
	s := d.Seconds()
	h.buckets[sort.SearchFloat64s(histogramBounds, s)]++ // first bound >= s
	h.sum += s
	h.count++
}

func newServeMetrics() *serveMetrics {
	m := &serveMetrics{
		requests: make(map[[2]string]uint64),
		checks:   make(map[string]uint64),
		findings: make(map[string]uint64),
		reloads:  make(map[string]uint64),
		duration: make(map[string]*histogram),
		wait:     make(map[string]*histogram),
	}
	for _, o := range checkOutcomes {
		m.checks[o] = 0
		m.duration[o] = &histogram{buckets: make([]uint64, len(histogramBounds)+1)}
		m.wait[o] = &histogram{buckets: make([]uint64, len(histogramBounds)+1)}
	}
	for _, s := range severities {
		m.findings[s] = 0
	}
	for _, r := range reloadResults {
		m.reloads[r] = 0
	}
	return m
}

// begin counts a request in flight; end counts it answered.
func (m *serveMetrics) begin() {
	m.mu.Lock()
	m.inFlight++
	m.mu.Unlock()
}

func (m *serveMetrics) end(handler string, code int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.inFlight--
	m.requests[[2]string{handler, strconv.Itoa(code)}]++
}

// checked counts one checked document: its outcome, its findings by
// severity, the time from its request to the end of its answer, and how
// long of it the request waited for a check slot.
func (m *serveMetrics) checked(outcome string, bySeverity map[string]int, total, wait time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.checks[outcome]++
	for sev, n := range bySeverity {
		m.findings[sev] += uint64(n)
	}
	m.duration[outcome].observe(total)
	m.wait[outcome].observe(wait)
}

// loaded records a rule load: ok with the number of rules, or a failure.
func (m *serveMetrics) loaded(ok bool, rules int, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !ok {
		m.reloads["error"]++
		return
	}
	m.reloads["ok"]++
	m.rules = rules
	m.loadedAt = at
}

// write writes every metric in the Prometheus text format, in a fixed
// order: families by name, samples by label values.
func (m *serveMetrics) write(w io.Writer, version string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	family := func(name, typ, help string) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	sample := func(name string, v float64, labels ...string) {
		b.WriteString(name)
		if len(labels) > 0 {
			b.WriteByte('{')
			for i := 0; i+1 < len(labels); i += 2 {
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, "%s=\"%s\"", labels[i], escapeLabel(labels[i+1]))
			}
			b.WriteByte('}')
		}
		b.WriteByte(' ')
		b.WriteString(formatFloat(v))
		b.WriteByte('\n')
	}

	family("copydesk_build_info", "gauge", "Always 1; the label gives the version of copydesk.")
	sample("copydesk_build_info", 1, "version", version)

	hist := func(name string, series map[string]*histogram) {
		for _, o := range checkOutcomes {
			h := series[o]
			var cum uint64
			for i, le := range histogramBounds {
				cum += h.buckets[i]
				sample(name+"_bucket", float64(cum), "outcome", o, "le", formatFloat(le))
			}
			cum += h.buckets[len(histogramBounds)]
			sample(name+"_bucket", float64(cum), "outcome", o, "le", "+Inf")
			sample(name+"_sum", h.sum, "outcome", o)
			sample(name+"_count", float64(h.count), "outcome", o)
		}
	}
	family("copydesk_check_duration_seconds", "histogram", "Time of the /v1/check requests that were checked, from the request to the end of the response, by outcome (pass, fail, error); refused and rejected requests are not counted.")
	hist("copydesk_check_duration_seconds", m.duration)
	family("copydesk_check_wait_seconds", "histogram", "Of copydesk_check_duration_seconds, the time spent waiting for a check slot (--concurrency), by outcome.")
	hist("copydesk_check_wait_seconds", m.wait)

	family("copydesk_checks_total", "counter", "Documents checked, by outcome: pass, fail (a finding at or above fail-on) or error (the document could not be checked).")
	for _, k := range sortedKeys(m.checks) {
		sample("copydesk_checks_total", float64(m.checks[k]), "outcome", k)
	}

	family("copydesk_findings_total", "counter", "Findings reported by /v1/check, not counting suppressed ones, by severity.")
	for _, k := range sortedKeys(m.findings) {
		sample("copydesk_findings_total", float64(m.findings[k]), "severity", k)
	}

	family("copydesk_http_requests_in_flight", "gauge", "HTTP requests being served.")
	sample("copydesk_http_requests_in_flight", float64(m.inFlight))

	family("copydesk_http_requests_total", "counter", "HTTP requests answered, by handler and status code.")
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		sample("copydesk_http_requests_total", float64(m.requests[k]), "code", k[1], "handler", k[0])
	}

	family("copydesk_rules_loaded", "gauge", "Rules in use.")
	sample("copydesk_rules_loaded", float64(m.rules))

	family("copydesk_rules_loaded_timestamp_seconds", "gauge", "When the rules in use were loaded, in seconds since the Unix epoch.")
	sample("copydesk_rules_loaded_timestamp_seconds", float64(m.loadedAt.UnixMilli())/1000)

	family("copydesk_rules_reloads_total", "counter", "Rule loads, at start and on SIGHUP, by result: ok or error (the previous rules stay in use).")
	for _, k := range sortedKeys(m.reloads) {
		sample("copydesk_rules_reloads_total", float64(m.reloads[k]), "result", k)
	}

	_, err := io.WriteString(w, b.String())
	return err
}

// formatFloat writes a sample value or bound as Prometheus reads it.
func formatFloat(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// escapeLabel escapes a label value: backslash, double quote and newline.
func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func sortedKeys(m map[string]uint64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
