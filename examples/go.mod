module goxen.example

go 1.27
