extension Explanation {
    public static let gradCAM = Explanation(
        name: "gradcam",
        title: "Grad-CAM",
        idea: "Weight the feature maps of a layer by the spatial mean of the class score's gradient, sum them "
            + "and keep the positive part. The coarse map is upsampled to the image. Any layout is read as "
            + "channels × places: N×C×h×w, channels-last N×h×w×C (Swin, ConvNeXt blocks) and tokens (a ViT's, "
            + "class tokens dropped), as pytorch-grad-cam's reshape transforms do. By default the layer is the "
            + "last one with places that every path from the image passes through and whose places the "
            + "gradient reaches: ResNet's layer4, Swin's final norm, the input of a ViT's last block; the "
            + "provenance names it.",
        formula: #"\alpha_k^c = \frac{1}{Z} \sum_{i,j} \frac{\partial f_c}{\partial A^k_{ij}}, \qquad L^c = \mathrm{ReLU}\Big(\sum_k \alpha_k^c A^k\Big)"#,
        paper: "R. R. Selvaraju, M. Cogswell, A. Das, R. Vedantam, D. Parikh, D. Batra. Grad-CAM: Visual "
            + "Explanations from Deep Networks via Gradient-based Localization. ICCV 2017.",
        pitfalls: [
            "Resolution is that of the layer (8×8 on the shapes CNN, 7×7 on ResNet-50, 14×14 on ViT-B/16): it localises, it does not outline.",
            "pytorch-grad-cam's documentation uses a ViT's last norm1, one LayerNorm after our default; name it with --layer to compare.",
            "Choose the layer with --layer; early layers give sharper but less class-specific maps.",
        ])

    public static let gradCAMPlusPlus = Explanation(
        name: "gradcampp",
        title: "Grad-CAM++",
        idea: "Grad-CAM with per-location weights built from second- and third-order terms of the gradient "
            + "(under an exponential score), which credits several instances of a class better.",
        formula: #"\alpha_{ij}^{kc} = \frac{(\partial_{ij} f_c)^2}{2 (\partial_{ij} f_c)^2 + \sum_{a,b} A^k_{ab} (\partial_{ij} f_c)^3}, \qquad w_k^c = \sum_{i,j} \alpha^{kc}_{ij}\, \mathrm{ReLU}(\partial_{ij} f_c)"#,
        paper: "A. Chattopadhay, A. Sarkar, P. Howlader, V. N. Balasubramanian. Grad-CAM++: Improved Visual "
            + "Explanations for Deep Convolutional Networks. WACV 2018 (as pytorch-grad-cam computes it).",
        pitfalls: ["Same coarse resolution as Grad-CAM."])

    public static let guidedGradCAM = Explanation(
        name: "guided-gradcam",
        title: "Guided Grad-CAM",
        idea: "The element-wise product of Guided Backprop (fine detail) and the upsampled Grad-CAM (class "
            + "localisation).",
        formula: #"A_c = A^{\text{GBP}}_c \odot \mathrm{upsample}(L^c)"#,
        paper: "R. R. Selvaraju et al. Grad-CAM, ICCV 2017.",
        pitfalls: ["Inherits Guided Backprop's insensitivity to model randomization inside the CAM's support."])

    public static let layerCAM = Explanation(
        name: "layercam",
        title: "Layer-CAM",
        idea: "Weight every location of every feature map by its own positive gradient instead of a per-channel "
            + "mean, which works on earlier layers too.",
        formula: #"L^c = \mathrm{ReLU}\Big(\sum_k \mathrm{ReLU}\big(\partial f_c / \partial A^k\big) \odot A^k\Big)"#,
        paper: "P.-T. Jiang, C.-B. Zhang, Q. Hou, M.-M. Cheng, Y. Wei. LayerCAM: Exploring Hierarchical Class "
            + "Activation Maps for Localization. IEEE TIP 2021.",
        pitfalls: ["Maps from early layers respond to edges of any class; compare layers deliberately."])
}
