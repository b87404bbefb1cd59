package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/copydesk/copydesk/rules"
)

// Explanation is what `copydesk explain` says of a rule, and an editor
// shows on hover over a finding: the rule, where it comes from, and
// whether the config enables it.
type Explanation struct {
	Rule    *rules.Rule
	Pack    string // the pack and its file: "house (rules/house.yml)", "editorial (built-in)"
	Kind    string // the check kind, or "copydesk's own"
	Enabled string // "yes, by .copydesk.yml", or "no: " and why
	Vars    []ExplainedVar
}

// ExplainedVar is a variable the rule's file declares.
type ExplainedVar struct {
	Name, Doc string
	Value     string // "set: …" (the config's), "default: …" or ""
}

// WriteExplanation writes x as `copydesk explain` prints it.
func WriteExplanation(w io.Writer, x *Explanation) error {
	r := x.Rule
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "pack:     %s\nkind:     %s\nseverity: %s\nenabled:  %s\n", x.Pack, x.Kind, r.Severity, x.Enabled)
	if len(r.Jurisdictions) > 0 {
		fmt.Fprintf(&b, "applies:  to pages in jurisdiction %s\n", strings.Join(r.Jurisdictions, ", "))
	}
	if r.URL != "" {
		fmt.Fprintf(&b, "url:      %s\n", r.URL)
	}
	if len(x.Vars) > 0 {
		b.WriteString("vars:\n")
		for _, v := range x.Vars {
			fmt.Fprintf(&b, "  %s: %s", v.Name, v.Doc)
			if v.Value != "" {
				fmt.Fprintf(&b, " (%s)", v.Value)
			}
			b.WriteString("\n")
		}
	}
	if h := strings.TrimSpace(r.Help); h != "" {
		fmt.Fprintf(&b, "\n%s\n", h)
	}
	for _, ex := range examples(r) {
		fmt.Fprintf(&b, "\n%s examples:\n", ex.name)
		for _, s := range ex.list {
			fmt.Fprintf(&b, "  %s\n", strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n  "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ExplanationMarkdown is x as Markdown, for an editor's hover: the same
// facts as WriteExplanation, the help as the Markdown it is written in,
// and the examples as HTML code blocks.
func ExplanationMarkdown(x *Explanation) string {
	r := x.Rule
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** — %s\n\n", mdEscape(r.ID), mdEscape(r.Title))
	fmt.Fprintf(&b, "pack: %s · kind: %s · severity: %s  \nenabled: %s\n", mdEscape(x.Pack), mdEscape(x.Kind), r.Severity, mdEscape(x.Enabled))
	if len(r.Jurisdictions) > 0 {
		fmt.Fprintf(&b, "\napplies to pages in jurisdiction %s\n", mdEscape(strings.Join(r.Jurisdictions, ", ")))
	}
	if r.URL != "" {
		fmt.Fprintf(&b, "\n<%s>\n", r.URL)
	}
	if len(x.Vars) > 0 {
		b.WriteString("\nvars:\n\n")
		for _, v := range x.Vars {
			fmt.Fprintf(&b, "- `%s`: %s", v.Name, mdEscape(v.Doc))
			if v.Value != "" {
				fmt.Fprintf(&b, " (%s)", mdEscape(v.Value))
			}
			b.WriteString("\n")
		}
	}
	if h := strings.TrimSpace(r.Help); h != "" {
		fmt.Fprintf(&b, "\n%s\n", h)
	}
	for _, ex := range examples(r) {
		fmt.Fprintf(&b, "\n%s examples:\n", ex.name)
		for _, s := range ex.list {
			fence := "```"
			for strings.Contains(s, fence) {
				fence += "`"
			}
			fmt.Fprintf(&b, "\n%shtml\n%s\n%s\n", fence, strings.TrimSpace(s), fence)
		}
	}
	return b.String()
}

type exampleList struct {
	name string
	list []string
}

// examples are a rule's examples that it has, valid first.
func examples(r *rules.Rule) []exampleList {
	var out []exampleList
	for _, ex := range []exampleList{{"valid", r.Examples.Valid}, {"invalid", r.Examples.Invalid}} {
		if len(ex.list) > 0 {
			out = append(out, ex)
		}
	}
	return out
}

// mdEscape escapes the characters that would make plain text Markdown.
func mdEscape(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune("\\`*_[]<>#|", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}
