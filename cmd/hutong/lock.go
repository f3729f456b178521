package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockName is the lock a run holds on its report directory.
const lockName = ".hutong.lock"

// lockReportDir takes the report directory for this run, so that two runs
// never write into one directory and mix their reports. The lock is the
// kernel's (flock), so a run that dies releases it; the file stays, empty.
func lockReportDir(dir string) (unlock func(), err error) {
	path := filepath.Join(dir, lockName)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot lock the report directory: %v", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("another hutong run is writing its reports into %s; give each run a --report-dir of its own", dir)
		}
		return nil, fmt.Errorf("cannot lock the report directory: %v", err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
