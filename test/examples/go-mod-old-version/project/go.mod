module example.com/legacy-clock

go 1.18
