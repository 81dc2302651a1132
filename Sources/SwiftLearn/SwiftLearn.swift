// The umbrella module: `import SwiftLearn` brings in every module. It holds nothing of its own.
@_exported import Datasets
@_exported import Evaluation
@_exported import Kernels
@_exported import NeuralNetworks
@_exported import Tensors
@_exported import ClassicML
@_exported import Language
