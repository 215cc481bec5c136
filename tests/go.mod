module goxen.test/tests

go 1.26
