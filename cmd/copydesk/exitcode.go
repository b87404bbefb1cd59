package main

import "github.com/copydesk/copydesk/lint"

// The codes the process exits with: those of a check run (docs/commands.md,
// "Exit codes"; package lint) for every command, and serve's when the
// server fails.
const (
	exitOK       = lint.ExitOK
	exitFindings = lint.ExitFindings
	exitConfig   = lint.ExitConfig
	exitInput    = lint.ExitInput

	// exitServeFailed is the exit code of serve when the server fails (it
	// cannot listen, or requests outlive the shutdown timeout). A clean
	// stop exits 0; usage and rule errors exit 2, as for check.
	exitServeFailed = 1
)

// usageErrorf is a usage error (exit 2).
func usageErrorf(format string, args ...any) error { return lint.UsageErrorf(format, args...) }
