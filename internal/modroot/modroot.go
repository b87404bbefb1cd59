// Package modroot finds the copydesk module's root directory, for the
// project's own tools and tests (internal/docgen, internal/cmd/ledger)
// that read and write files of the repository from wherever they run.
package modroot

import (
	"errors"
	"os"
	"path/filepath"
)

// Find returns the nearest directory at or above the working directory
// that holds go.mod.
func Find() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod at or above the working directory: run inside the copydesk module")
		}
		dir = parent
	}
}
