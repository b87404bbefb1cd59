package lint

import (
	"errors"
	"fmt"
)

// Exit codes, the same for every output format (docs/commands.md, "Exit codes").
const (
	ExitOK       = 0 // every input checked; nothing at or above --fail-on
	ExitFindings = 1 // every input checked; a finding at or above --fail-on
	ExitConfig   = 2 // usage error or invalid config/rule file; nothing checked
	ExitInput    = 3 // some input could not be read or checked
)

// ExitError is an error that ends the process with a given code. Its
// message has already been printed when Printed is set; Err is nil when
// there is nothing more to say than the code.
type ExitError struct {
	Code    int
	Err     error
	Printed bool
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// UsageErrorf is a usage error (exit 2).
func UsageErrorf(format string, args ...any) error {
	return &ExitError{Code: ExitConfig, Err: fmt.Errorf(format, args...)}
}

// ExitCode returns the code an error ends the process with: errors of
// this package carry theirs; any other error (from flag parsing, say) is
// a usage error.
func ExitCode(err error) int {
	var e *ExitError
	if errors.As(err, &e) {
		return e.Code
	}
	return ExitConfig
}
