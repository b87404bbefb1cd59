package main

import (
	"errors"
	"fmt"
)

// Exit codes, the same for every output format (SPEC §1).
const (
	exitOK       = 0 // every input checked; nothing at or above --fail-on
	exitFindings = 1 // every input checked; a finding at or above --fail-on
	exitConfig   = 2 // usage error or invalid config/rule file; nothing checked
	exitInput    = 3 // some input could not be read or checked
)

// exitError is an error that ends the process with a given code. Its
// message has already been printed when printed is set.
type exitError struct {
	code    int
	err     error
	printed bool
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageErrorf is a usage error (exit 2).
func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitConfig, err: fmt.Errorf(format, args...)}
}

// exitCode returns the code an error ends the process with: errors of our
// own carry theirs; any other error (from flag parsing, say) is a usage error.
func exitCode(err error) int {
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	return exitConfig
}
