import Foundation
import PortaldCore

let status = await PortaldCommand.run(Array(CommandLine.arguments.dropFirst()),
                                      environment: ProcessInfo.processInfo.environment)
exit(status)
