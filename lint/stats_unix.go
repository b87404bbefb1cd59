//go:build unix

package lint

import (
	"runtime"
	"syscall"
)

// peakRSS returns the peak resident set size of the process in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss) //nolint:unconvert // int32 on some platforms; bytes here, kilobytes elsewhere
	}
	return int64(ru.Maxrss) * 1024 //nolint:unconvert // int32 on some platforms
}
