package rules

// Ids of the rules of suppressions (docs/suppressions.md), copydesk's own rules
// (pack copydesk) that the engine reports after the check kinds.
const (
	UnusedSuppression  = PackCopydesk + "/unused-suppression"
	InvalidSuppression = PackCopydesk + "/invalid-suppression"
)

// SuppressionRules returns the rules of suppressions, new values on each
// call. Every Set holds them among its internal rules.
func SuppressionRules() []*Rule {
	url := "https://github.com/copydesk/copydesk/blob/main/docs/suppressions.md"
	return []*Rule{{
		ID:       UnusedSuppression,
		Pack:     PackCopydesk,
		Title:    "A suppression suppresses a finding",
		Severity: SevWarning,
		URL:      url,
		Internal: true,
		Help: "A `copydesk-ignore` comment, `copydesk-ignore-file` comment or `data-copydesk-ignore`\n" +
			"attribute that names a rule which reports nothing where it applies is stale: the problem\n" +
			"was fixed, or the suppression sits before the wrong element. Remove it, so that it cannot\n" +
			"hide a future finding. It is reported at the comment or attribute; suppressions of rules\n" +
			"that are off, or not loaded by the current config, are not reported.",
	}, {
		ID:       InvalidSuppression,
		Pack:     PackCopydesk,
		Title:    "A suppression comment names its rules and gives a reason",
		Severity: SevWarning,
		URL:      url,
		Internal: true,
		Help: "A suppression comment reads `<!-- copydesk-ignore RULE-ID[,RULE-ID] -- reason -->`\n" +
			"(the next element) or `<!-- copydesk-ignore-file RULE-ID -- reason -->` (the whole file).\n" +
			"The reason after ` -- ` is required: it tells the next editor why the rule does not\n" +
			"apply. A comment without one, without rule ids, or naming a rule id that is not\n" +
			"loaded but close to one that is (a likely typo) is reported and suppresses nothing.",
	}}
}
