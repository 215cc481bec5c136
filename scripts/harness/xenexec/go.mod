module goxen.local/harness/xenexec

go 1.21
