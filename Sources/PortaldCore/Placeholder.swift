// PortaldCore
