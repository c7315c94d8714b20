package dev.claritas.examples;

// quick-start:begin
import dev.claritas.nn.Conv2d;
import dev.claritas.nn.MSELoss;
import dev.claritas.nn.optim.Adam;
import dev.claritas.tensor.Generator;
import dev.claritas.tensor.Tensor;

public class QuickStart {
    public static void main(String[] args) {
        Generator.manualSeed(0);
        Tensor x = Tensor.randn(16, 1, 8, 8);          // a batch of 16 one-channel 8x8 images
        Tensor target = x.mul(3).add(1);                // what the layer should learn: 3x + 1
        Conv2d conv = new Conv2d(1, 1, 1);              // a 1x1 convolution: one weight, one bias
        Adam adam = new Adam(conv.parameters(), 0.05);
        MSELoss mse = new MSELoss();
        for (int step = 0; step < 300; step++) {
            adam.zeroGrad();
            Tensor loss = mse.apply(conv.forward(x), target);
            loss.backward();                            // reverse-mode autograd
            adam.step();
        }
        System.out.printf("weight %.3f, bias %.3f%n",
                conv.weight().value().item(), conv.bias().value().item());
    }
}
// quick-start:end
