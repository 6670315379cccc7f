// Swapper
