package checker

import "github.com/copydesk/copydesk/rules"

// internalFindings reports the document's parse warnings as findings of
// rules.ParseWarningID, when the set holds that rule and it is not off.
func (r *run) internalFindings(opts Options) {
	for _, rule := range r.e.internal {
		if rule.ID != rules.ParseWarningID {
			continue
		}
		sev := opts.severity(rule.ID, rule)
		if sev == rules.SevOff {
			continue
		}
		for _, w := range r.doc.Warnings {
			off := min(max(w.Offset, 0), len(r.doc.Src))
			r.findings = append(r.findings, Finding{
				Rule:     rule,
				Severity: sev,
				Message:  w.Message,
				Span:     Span{off, off},
			})
		}
	}
}
