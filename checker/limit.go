package checker

import (
	"fmt"
	"sort"
	"strings"

	"github.com/copydesk/copydesk/rules"
)

// The caps on findings. A page with thousands of findings is rarely an
// article (a text dump, a template full of placeholders, hostile input),
// and reporting every one costs memory and time in proportion: 10 MB of
// "lorem ipsum " gave 860,000 findings and a 321 MB JSON report. Past a
// cap, one finding stands for the findings left out and says how many
// there were, so the count, the verdict and the exit code stay right.
const (
	// DefaultMaxFindings is the most findings reported for one file.
	DefaultMaxFindings = 1000
	// DefaultMaxPerRule is the most findings of one rule reported for
	// one file.
	DefaultMaxPerRule = 200
)

// countFactor: a rule's occurrences are looked for up to countFactor
// times its cap, and no further: past that the finding that stands for
// the rest says "more than". A page that is one forbidden word repeated
// would otherwise be matched to its end for nothing but a count.
const countFactor = 10

// findLimit returns how many occurrences a kind looks for in one pass of
// its rule, or -1 for no limit.
func (p *Pass) findLimit() int {
	if p.run.perRule <= 0 {
		return -1
	}
	return max(countFactor*p.run.perRule-p.run.ruleFound-p.run.ruleOver, 1)
}

// limits returns the caps of opts: per rule, then per file; -1 for none.
func limits(opts Options) (perRule, perFile int) {
	pick := func(v, def int) int {
		switch {
		case v == 0:
			return def
		case v < 0:
			return -1
		}
		return v
	}
	return pick(opts.MaxPerRule, DefaultMaxPerRule), pick(opts.MaxFindings, DefaultMaxFindings)
}

// over counts a finding of the rule being run at span, and reports
// whether the rule has gone over its cap: the finding is then left out,
// and only counted, so the memory of a check is bounded by the caps
// whatever the page.
func (r *run) over(span Span) bool {
	if r.perRule <= 0 || r.ruleFound < r.perRule { // 0: a run made without caps
		r.ruleFound++
		return false
	}
	if r.ruleOver == 0 {
		r.firstOver = span
	}
	r.ruleOver++
	return true
}

// Full reports whether the rule has reached its cap on findings in this
// file: what it reports from now on is only counted. A kind may then
// skip working out messages and fixes, but it must still Report (or
// Skip) each violation, so that the count is right.
func (p *Pass) Full() bool { return p.run.perRule > 0 && p.run.ruleFound >= p.run.perRule }

// Skip counts a violation at span without reporting it; only for a
// rule that is Full.
func (p *Pass) Skip(span Span) { p.run.over(span) }

// ruleDone ends the run of rule: when it went over its cap, one finding
// of the rule, at the first finding left out, says how many there were.
func (r *run) ruleDone(rule *rules.Rule) {
	if r.ruleOver > 0 {
		msg := overMessage(r.ruleOver, "of this rule", r.perRule, "per rule")
		if r.stopped {
			msg = fmt.Sprintf("more than %d more findings of this rule in this file are not reported (at most %d per rule; the count stops at %d)",
				r.ruleOver, r.perRule, countFactor*r.perRule)
		}
		r.findings = append(r.findings, Finding{Rule: rule, Message: msg, Span: r.firstOver})
	}
	r.ruleFound, r.ruleOver, r.firstOver, r.stopped = 0, 0, Span{}, false
}

// overMessage words the finding that stands for n findings left out.
func overMessage(n int, what string, limit int, per string) string {
	if n == 1 {
		return fmt.Sprintf("1 more finding %s in this file is not reported (at most %d %s)", what, limit, per)
	}
	return fmt.Sprintf("%d more findings %s in this file are not reported (at most %d %s)", n, what, limit, per)
}

// capInternal caps the findings that copydesk reports itself (parse
// warnings, suppression problems) from r.findings[start:] on, rule by
// rule, as Report caps those of the check kinds.
func (r *run) capInternal(start int) {
	if r.perRule < 0 || len(r.findings)-start <= r.perRule {
		return
	}
	count := map[*rules.Rule]int{}
	first := map[*rules.Rule]int{}
	kept := r.findings[:start]
	for i := start; i < len(r.findings); i++ {
		f := r.findings[i]
		count[f.Rule]++
		if count[f.Rule] <= r.perRule {
			kept = append(kept, f)
		} else if count[f.Rule] == r.perRule+1 {
			first[f.Rule] = i
		}
	}
	var over []Finding
	for rule, i := range first {
		f := r.findings[i]
		over = append(over, Finding{Rule: rule, Severity: f.Severity, Span: f.Span,
			Message: overMessage(count[rule]-r.perRule, "of this rule", r.perRule, "per rule")})
	}
	sort.Slice(over, func(i, j int) bool { return over[i].Rule.ID < over[j].Rule.ID })
	kept = append(kept, over...)
	r.findings = kept
}

// capFile caps the sorted findings of the file: past the cap, one finding
// of rules.TooManyFindingsID at the first finding left out says how many
// there were and of which rules. It has the highest severity of those
// findings that are not suppressed, so the file fails as it would have;
// when every one is suppressed, so is it.
func (r *run) capFile(opts Options) {
	if r.perFile < 0 || len(r.findings) <= r.perFile {
		return
	}
	rest := r.findings[r.perFile:]
	rule := r.e.coreRule(rules.TooManyFindingsID)
	if rule == nil || opts.severity(rules.TooManyFindingsID, rule) == rules.SevOff {
		r.findings = r.findings[:r.perFile]
		return
	}
	sev, suppressed := rules.SevOff, true
	byRule := map[string]int{}
	for i := range rest {
		f := &rest[i]
		byRule[f.Rule.ID]++
		if !f.Suppressed {
			suppressed = false
			sev = max(sev, f.Severity)
		}
	}
	if suppressed {
		sev = rest[0].Severity
	}
	ids := make([]string, 0, len(byRule))
	for id := range byRule {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if byRule[ids[i]] != byRule[ids[j]] {
			return byRule[ids[i]] > byRule[ids[j]]
		}
		return ids[i] < ids[j]
	})
	var parts []string
	for i, id := range ids {
		if i == 3 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", id, byRule[id]))
	}
	f := Finding{
		Rule:     rule,
		Severity: sev,
		Message:  overMessage(len(rest), "("+strings.Join(parts, ", ")+")", r.perFile, "per file"),
		Span:     Span{rest[0].Span.Start, rest[0].Span.Start},
	}
	if suppressed {
		f.Suppressed, f.Justification = true, "every finding it stands for is suppressed"
	}
	r.findings = append(r.findings[:r.perFile:r.perFile], f)
}
