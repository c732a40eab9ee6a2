"""Profiles of the two chapters (plain values only).

``quick``: scikit-learn digits (8x8), TinyCNN width 16, CPU, about a minute per chapter.
``full``: the digits extensions of the briefs (wider model, larger attack budgets, sTRADES, the
step-size grid, the component ablation over three seeds, the training-budget grid) and, in the
``cifar`` entry, CIFAR-10 with PreActResNet-18 at the papers' settings: it needs the CIFAR-10
archive (downloaded when online) and, in practice, a GPU.
``smoke``: every code path of ``full`` at toy size (a few epochs, a few points, a tiny CIFAR
model on the data found under ``$REPRO_CIFAR10_ROOT``, never downloaded); for tests only, its
numbers mean nothing.
"""

#: CIFAR-10 at the papers' settings (spgd brief 3.6/3.8): PreActResNet-18 (softplus), 100 epochs,
#: batch 128, lr 0.05, training attack sPGD k = 120, 20 iterations; sAA 1000/1000/3000 on 1000
#: test images at k = 10 and 20.
CIFAR_FULL = dict(arch="prn18", epochs=100, batch=128, lr=0.05, k_train=120, attack_steps=20,
                  ks=(10, 20), k_main=20, n_eval=1000, iters=1000, queries=3000, chunk=500,
                  n_co=500, co_iters=100, co_queries=1000, download_if_missing=True)
CIFAR_SMOKE = dict(arch="tiny", epochs=1, batch=32, lr=0.05, k_train=8, attack_steps=2,
                   ks=(10, 20), k_main=20, n_eval=20, iters=5, queries=10, chunk=10,
                   n_co=10, co_iters=3, co_queries=5, download_if_missing=False)

SPGD_PROFILES = {
    "quick": dict(width=16, epochs=20, attack_steps=10, k_train=8,
                  n_eval_vanilla=300, n_eval_sat=200, ks=(2, 3), k_main=3, iters=100,
                  rs_queries=100, saa_iters=100, saa_queries=500, ks_sweep_vanilla=(2, 3, 4, 6),
                  ks_sweep_sat=(2, 3, 4), ablation_k=2, ablation_iters=100, eval_every=5,
                  n_eval_train=100, train_saa=(10, 10, 30), pgd0_restarts=1, n_ablation=200,
                  bench_reps=10, sat_ks=(3,), strades=False, step_grid=(), cifar=None),
    "full": dict(width=32, epochs=20, attack_steps=20, k_train=8,
                 n_eval_vanilla=450, n_eval_sat=450, ks=(1, 2, 3, 4), k_main=3, iters=1000,
                 rs_queries=1000, saa_iters=1000, saa_queries=3000,
                 ks_sweep_vanilla=(1, 2, 3, 4, 6), ks_sweep_sat=(1, 2, 3, 4), ablation_k=2,
                 ablation_iters=1000, eval_every=4, n_eval_train=300, train_saa=(100, 100, 300),
                 pgd0_restarts=5, n_ablation=450, bench_reps=20, sat_ks=(1, 2, 3, 4),
                 strades=True, step_grid=(0.125, 0.25, 0.5), cifar=CIFAR_FULL),
    "smoke": dict(width=4, epochs=2, attack_steps=2, k_train=8,
                  n_eval_vanilla=30, n_eval_sat=30, ks=(2, 3), k_main=3, iters=10,
                  rs_queries=10, saa_iters=10, saa_queries=10, ks_sweep_vanilla=(2, 3),
                  ks_sweep_sat=(2, 3), ablation_k=2, ablation_iters=10, eval_every=1,
                  n_eval_train=20, train_saa=(2, 2, 3), pgd0_restarts=1, n_ablation=20,
                  bench_reps=2, sat_ks=(3,), strades=True, step_grid=(0.125, 0.25),
                  cifar=CIFAR_SMOKE),
}

FASTLS_PROFILES = {
    "quick": dict(width=16, epochs=12, multi_steps=10, k_train=8, k_test=3,
                  sat_start=0.5, beta_trade=6.0, alpha_1step=0.25, eval_every=4, n_co=100,
                  co_iters=50, co_queries=100, n_final=150, saa=(100, 100, 300), n_ablation=150,
                  ablation_steps=100, n_landscape=64, landscape_iters=20, n_dirs=2,
                  hs=(1e-3, 3e-3, 1e-2), curve_points=7, landscape_epochs=15,
                  ablation_n_seeds=1, k_train_grid=(8, 16), cifar=None),
    "full": dict(width=32, epochs=30, multi_steps=10, k_train=8, k_test=3,
                 sat_start=0.5, beta_trade=6.0, alpha_1step=0.25, eval_every=1, n_co=300,
                 co_iters=100, co_queries=300, n_final=450, saa=(1000, 1000, 3000),
                 n_ablation=450, ablation_steps=100, n_landscape=200, landscape_iters=30,
                 n_dirs=5, hs=(1e-3, 3e-3, 1e-2), curve_points=51, landscape_epochs=15,
                 ablation_n_seeds=3, k_train_grid=(8, 12, 16), cifar=CIFAR_FULL),
    "smoke": dict(width=4, epochs=2, multi_steps=2, k_train=8, k_test=3,
                  sat_start=0.5, beta_trade=6.0, alpha_1step=0.25, eval_every=1, n_co=10,
                  co_iters=3, co_queries=5, n_final=20, saa=(3, 3, 5), n_ablation=10,
                  ablation_steps=3, n_landscape=8, landscape_iters=3, n_dirs=1,
                  hs=(1e-3, 1e-2), curve_points=3, landscape_epochs=1,
                  ablation_n_seeds=2, k_train_grid=(8, 12), cifar=CIFAR_SMOKE),
}
