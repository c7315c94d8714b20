// ITK's N4 run the way SimpleITK's N4 example runs it, for tools/make_n4_fixtures.py:
//   mask  = OtsuThreshold(image, 0, 1, 200)            (unless a mask file is given)
//   N4 on Shrink(image, s) and Shrink(mask, s), 4 control points, L levels of at most N iterations,
//   convergence threshold 0.001, the other settings ITK's defaults (200 bins, FWHM 0.15, Wiener 0.01)
//   log field = the final lattice rebuilt on the full-resolution grid (GetLogBiasFieldAsImage)
// Usage: n4_itk_reference IN.nii DIM SHRINK LEVELS ITERATIONS LOGFIELD_OUT.nii [MASK_OUT.nii]
// Prints "threshold T", "mask_voxels N" and "iterations i0 i1 ..." (iterations run at each level).
#include "itkBSplineControlPointImageFilter.h"
#include "itkCommand.h"
#include "itkImage.h"
#include "itkImageFileReader.h"
#include "itkImageFileWriter.h"
#include "itkImageRegionConstIterator.h"
#include "itkN4BiasFieldCorrectionImageFilter.h"
#include "itkNiftiImageIOFactory.h"
#include "itkOtsuThresholdImageFilter.h"
#include "itkShrinkImageFilter.h"
#include "itkVectorIndexSelectionCastImageFilter.h"
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

// Counts the iterations of each level: N4 fires an IterationEvent after each one.
template <typename TFilter>
class IterationCounter : public itk::Command
{
public:
  using Self = IterationCounter;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  std::vector<unsigned int> perLevel;
  void Execute(itk::Object * caller, const itk::EventObject & event) override
  {
    Execute(static_cast<const itk::Object *>(caller), event);
  }
  void Execute(const itk::Object * caller, const itk::EventObject &) override
  {
    auto filter = static_cast<const TFilter *>(caller);
    unsigned int level = filter->GetCurrentLevel();
    if (perLevel.size() <= level)
    {
      perLevel.resize(level + 1, 0);
    }
    perLevel[level]++;
  }
};

template <unsigned int D>
int run(char ** argv, int argc)
{
  using Image = itk::Image<float, D>;
  using Mask = itk::Image<unsigned char, D>;
  const unsigned int shrinkFactor = std::atoi(argv[3]);
  const unsigned int levels = std::atoi(argv[4]);
  const unsigned int iterations = std::atoi(argv[5]);

  auto reader = itk::ImageFileReader<Image>::New();
  reader->SetFileName(argv[1]);
  reader->Update();
  typename Image::Pointer input = reader->GetOutput();

  auto otsu = itk::OtsuThresholdImageFilter<Image, Mask>::New();
  otsu->SetInput(input);
  otsu->SetInsideValue(0);
  otsu->SetOutsideValue(1);
  otsu->SetNumberOfHistogramBins(200);
  otsu->Update();
  typename Mask::Pointer mask = otsu->GetOutput();
  std::size_t inside = 0;
  for (itk::ImageRegionConstIterator<Mask> it(mask, mask->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it)
  {
    inside += it.Get() != 0;
  }
  std::cout << "threshold " << otsu->GetThreshold() << "\nmask_voxels " << inside << "\n";
  if (argc > 7)
  {
    auto writer = itk::ImageFileWriter<Mask>::New();
    writer->SetInput(mask);
    writer->SetFileName(argv[7]);
    writer->Update();
  }

  auto shrink = itk::ShrinkImageFilter<Image, Image>::New();
  shrink->SetInput(input);
  shrink->SetShrinkFactors(shrinkFactor);
  auto shrinkMask = itk::ShrinkImageFilter<Mask, Mask>::New();
  shrinkMask->SetInput(mask);
  shrinkMask->SetShrinkFactors(shrinkFactor);

  using N4 = itk::N4BiasFieldCorrectionImageFilter<Image, Mask, Image>;
  auto n4 = N4::New();
  n4->SetInput(shrink->GetOutput());
  n4->SetMaskImage(shrinkMask->GetOutput());
  typename N4::VariableSizeArrayType maxIterations(levels);
  maxIterations.Fill(iterations);
  n4->SetMaximumNumberOfIterations(maxIterations);
  typename N4::ArrayType fittingLevels;
  fittingLevels.Fill(levels);
  n4->SetNumberOfFittingLevels(fittingLevels);
  typename N4::ArrayType controlPoints;
  controlPoints.Fill(4);
  n4->SetNumberOfControlPoints(controlPoints);
  n4->SetConvergenceThreshold(0.001);
  auto counter = IterationCounter<N4>::New();
  n4->AddObserver(itk::IterationEvent(), counter);
  n4->Update();
  std::cout << "iterations";
  for (unsigned int n : counter->perLevel)
  {
    std::cout << " " << n;
  }
  std::cout << "\n";

  // SimpleITK's GetLogBiasFieldAsImage(input): the lattice evaluated over the full-resolution grid.
  using Scalar = typename N4::ScalarImageType;
  auto rebuild = itk::BSplineControlPointImageFilter<typename N4::BiasFieldControlPointLatticeType, Scalar>::New();
  rebuild->SetInput(n4->GetLogBiasFieldControlPointLattice());
  rebuild->SetSplineOrder(3);
  rebuild->SetSize(input->GetLargestPossibleRegion().GetSize());
  rebuild->SetOrigin(input->GetOrigin());
  rebuild->SetSpacing(input->GetSpacing());
  rebuild->SetDirection(input->GetDirection());
  rebuild->Update();
  typename Scalar::Pointer field = rebuild->GetOutput();
  field->DisconnectPipeline(); // else the writer's pipeline takes the lattice's grid as the output's
  auto select = itk::VectorIndexSelectionCastImageFilter<Scalar, Image>::New();
  select->SetInput(field);
  select->SetIndex(0);
  auto writer = itk::ImageFileWriter<Image>::New();
  writer->SetInput(select->GetOutput());
  writer->SetFileName(argv[6]);
  writer->Update();
  return 0;
}

int main(int argc, char ** argv)
{
  if (argc < 7)
  {
    std::cerr << "usage: n4_itk_reference IN.nii DIM SHRINK LEVELS ITERATIONS LOGFIELD_OUT.nii [MASK_OUT.nii]\n";
    return 2;
  }
  itk::NiftiImageIOFactory::RegisterOneFactory();
  std::string dim = argv[2];
  return dim == "2" ? run<2>(argv, argc) : run<3>(argv, argc);
}
