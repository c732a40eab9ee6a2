"""Profiles of the two chapters (plain values only).

``quick``: scikit-learn digits (8x8), TinyCNN width 16, CPU, about a minute.
``full``: CIFAR-10 with PreActResNet-18 when ``dataset == "cifar10"`` is available (torchvision,
network, GPU), at the papers' budgets; the digits settings of the briefs' full profiles otherwise.
"""

SPGD_PROFILES = {
    "quick": dict(dataset="digits", width=16, epochs=20, attack_steps=10, k_train=8,
                  n_eval_vanilla=300, n_eval_sat=200, ks=(2, 3), k_main=3, iters=100,
                  rs_queries=100, saa_iters=100, saa_queries=500, ks_sweep_vanilla=(2, 3, 4, 6),
                  ks_sweep_sat=(2, 3, 4), ablation_k=2, ablation_iters=100, eval_every=5,
                  n_eval_train=100, train_saa=(10, 10, 30), pgd0_restarts=1, n_ablation=200,
                  bench_reps=10, sat_ks=(3,)),
    "full": dict(dataset="digits", width=32, epochs=20, attack_steps=20, k_train=8,
                 n_eval_vanilla=450, n_eval_sat=450, ks=(1, 2, 3, 4), k_main=3, iters=1000,
                 rs_queries=1000, saa_iters=1000, saa_queries=3000,
                 ks_sweep_vanilla=(1, 2, 3, 4, 6), ks_sweep_sat=(1, 2, 3, 4), ablation_k=2,
                 ablation_iters=1000, eval_every=4, n_eval_train=300, train_saa=(100, 100, 300),
                 pgd0_restarts=5, n_ablation=450, bench_reps=20, sat_ks=(1, 2, 3, 4)),
}

FASTLS_PROFILES = {
    "quick": dict(dataset="digits", width=16, epochs=12, multi_steps=10, k_train=8, k_test=3,
                  sat_start=0.25, beta_trade=3.0, alpha_1step=0.25, eval_every=3, n_co=100,
                  co_iters=50, co_queries=100, n_final=200, saa=(100, 100, 300), n_ablation=150,
                  ablation_steps=100, n_landscape=64, landscape_iters=20, n_dirs=2,
                  hs=(1e-3, 3e-3, 1e-2), curve_points=7, landscape_epochs=15),
    "full": dict(dataset="digits", width=32, epochs=30, multi_steps=10, k_train=8, k_test=3,
                 sat_start=0.25, beta_trade=3.0, alpha_1step=0.25, eval_every=1, n_co=300,
                 co_iters=100, co_queries=300, n_final=450, saa=(1000, 1000, 3000),
                 n_ablation=450, ablation_steps=100, n_landscape=200, landscape_iters=30,
                 n_dirs=5, hs=(1e-3, 3e-3, 1e-2), curve_points=51, landscape_epochs=15),
}
