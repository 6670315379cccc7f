// BuildInput
